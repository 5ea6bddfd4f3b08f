import fs from 'node:fs';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import {
  buildSchema,
  isInterfaceType,
  isObjectType,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { printHubSchema } from '../../src/schema';

const root = path.resolve(__dirname, '../..');
const committedSdl = () => fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
const operationFiles = () =>
  fs
    .readdirSync(path.join(root, 'test/operations'))
    .filter((file) => file.endsWith('.graphql'))
    .sort();

/**
 * Types that are plumbing (connections, mutation payloads) or values inside another object,
 * rather than objects with an identity of their own.
 */
const NOT_NODES =
  /(Connection|Edge|Payload)$|^(PageInfo|ContactInfo|ResourceContact|ResourceLink|ResourceAttachment|InformationAttachment|ResourceAccess|ContributionStat|AuditVerification|CatalogueConsultation|ApplicationMaterial|CatalogueMatterSnapshot|CatalogueMatterChange|CatalogueChanges|ExchangeDestination|RelationHealth|IndexComponent|LocalityIndex|PartnerSuggestions|PartnerSuggestion|PartnerScoreComponent|PartnerScoreWeights|LocalityProfile|ProfileTheme|LocalityPartnership|ActivityFeedEvent|Me|Query|Mutation|Subscription)$/;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = buildSchema(await printHubSchema());
});

describe('the schema', () => {
  it('schema/schema.graphql is what the code builds', async () => {
    const built = await printHubSchema();
    // toBe shows the diff; the message says how to fix it.
    expect(committedSdl(), 'schema/schema.graphql is out of date: run npm run schema and commit the result').toBe(built);
  });

  it('every object type except connections, edges, payloads and embedded values implements Node', () => {
    const node = schema.getType('Node');
    expect(node && isInterfaceType(node)).toBe(true);
    const objects = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && !type.name.startsWith('__') && !NOT_NODES.test(type.name),
    );
    expect(objects.length).toBeGreaterThanOrEqual(5);
    const notNodes = objects
      .filter((type) => isObjectType(type) && !type.getInterfaces().some((i) => i.name === 'Node'))
      .map((type) => type.name);
    expect(notNodes, 'these object types should implement Node (or be added to the exceptions)').toEqual([]);
  });
});

describe('the test operations', () => {
  it('every document in test/operations is valid against the committed schema', () => {
    const committed = buildSchema(committedSdl());
    expect(operationFiles().length).toBeGreaterThan(0);
    for (const file of operationFiles()) {
      const document = parse(fs.readFileSync(path.join(root, 'test/operations', file), 'utf8'));
      const errors = validate(committed, document).map((error) => error.message);
      expect(errors, `test/operations/${file} does not match the schema`).toEqual([]);
    }
  });

  it('test/generated/graphql.ts is what npm run codegen writes', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
    const outputs = await generate({ ...config, cwd: root, silent: true, verbose: false, errorsOnly: true } as any, false);
    const target = 'test/generated/graphql.ts';
    const output = (outputs as Array<{ filename: string; content: string }>).find(
      (file) => path.resolve(root, file.filename) === path.join(root, target),
    );
    expect(output, `codegen.yml no longer generates ${target}`).toBeDefined();
    const committed = fs.readFileSync(path.join(root, target), 'utf8');
    expect(committed, `${target} is out of date: run npm run codegen and commit the result`).toBe(output!.content);
  });
});
