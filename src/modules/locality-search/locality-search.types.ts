import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../shared/connection';
import { Locality } from '../localities/locality.entity';

/** How a result's best name matched the query, best first: results come in this order. */
export enum LocalityNameMatch {
  EXACT = 'EXACT',
  PREFIX = 'PREFIX',
  WORD_PREFIX = 'WORD_PREFIX',
  SUBSTRING = 'SUBSTRING',
  SIMILAR = 'SIMILAR',
}
registerEnumType(LocalityNameMatch, {
  name: 'LocalityNameMatch',
  description:
    'How a name matched, compared after folding case, accents, spaces, apostrophes, dots and hyphens away ("São Paulo", "sao paulo" and "SaoPaulo" are the same).',
  valuesConfig: {
    EXACT: { description: 'A whole name equals the query (西安 for 西安市: the administrative suffix may be left out).' },
    PREFIX: { description: 'A name starts with the query ("Kyo" for Kyoto).' },
    WORD_PREFIX: { description: 'A later word of a name starts with the query ("Paulo" for São Paulo, "York" for New York).' },
    SUBSTRING: { description: 'A name contains the query elsewhere.' },
    SIMILAR: { description: 'A name is close to the query (typos: "Kyto" for Kyoto); `distance` says how close.' },
  },
});

@ObjectType({ description: 'One search result, with how it matched.', simpleResolvers: true })
export class LocalitySearchEdge {
  @Field(() => String, { description: 'Opaque cursor for `after` / `before`.' })
  cursor!: string;

  @Field(() => Locality)
  node!: Locality;

  @Field(() => LocalityNameMatch, { nullable: true, description: 'How the best name matched; null when listing by filter alone (no query).' })
  match!: LocalityNameMatch | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Edits (insertions, deletions, substitutions; 6 or more shows as 6) between the folded query and the closest name; 0 for EXACT. Null without a query.',
  })
  distance!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Relevance from 0 to 1: 1 for EXACT, lower for each weaker kind of match and for more edits. Only for comparing results of one search.',
  })
  score!: number | null;

  @Field(() => String, { nullable: true, description: 'The name that matched, as stored (e.g. "São Paulo", "西安市", "xi an"); null without a query.' })
  matchedName!: string | null;
}

@ObjectType({ description: 'A page of searchLocalities results, best first.', simpleResolvers: true })
export class LocalitySearchConnection {
  @Field(() => [LocalitySearchEdge]) edges!: LocalitySearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many localities match, across all pages (one more statement; leave it out when not shown).' })
  totalCount!: () => Promise<number>;
}
