import { registerEnumType } from 'type-graphql';

export enum AccountRole {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}
registerEnumType(AccountRole, {
  name: 'AccountRole',
  valuesConfig: {
    ADMIN: { description: "Manages the unit's accounts and tokens and everything an editor does. Admins of the hub operator are hub admins." },
    EDITOR: { description: "Contributes and changes the unit's resources, applies for access, answers requests." },
    VIEWER: { description: 'Reads what the unit may read; changes nothing.' },
  },
});

export enum AccountKind {
  PERSON = 'PERSON',
  SERVICE = 'SERVICE',
}
registerEnumType(AccountKind, {
  name: 'AccountKind',
  valuesConfig: {
    PERSON: { description: 'A person working for the unit.' },
    SERVICE: { description: 'A dashboard or another system; its tokens are read-only unless granted more.' },
  },
});
