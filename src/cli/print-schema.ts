import fs from 'node:fs';
import path from 'node:path';
import { printHubSchema } from '../schema';

// npm run schema: writes schema/schema.graphql from the code (no database needed).
void printHubSchema().then((sdl) => {
  const target = path.resolve(process.argv[2] ?? 'schema/schema.graphql');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, sdl);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
});
