import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({ description: 'An object with a globally unique, opaque ID (the Relay Node interface).' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID; pass it to `node(id:)` to fetch the object again.' })
  id!: string;
}
