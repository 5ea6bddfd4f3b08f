import { Field, Int, ObjectType } from 'type-graphql';
import type {
  ResourceAttachment as StoredAttachment,
  ResourceContact as StoredContact,
  ResourceLink as StoredLink,
} from './shared-resource.entity';

/** The content parts of a resource stored as JSON, as GraphQL objects. */

@ObjectType({ description: 'Who to contact about a resource (content: hidden until access is granted).', simpleResolvers: true })
export class ResourceContact {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType({ description: 'A web page about a resource.', simpleResolvers: true })
export class ResourceLink {
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
}

@ObjectType({ description: 'A file that belongs to a resource, stored elsewhere and referred to by URL.', simpleResolvers: true })
export class ResourceAttachment {
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'A media type such as "application/pdf".' }) mediaType!: string | null;
  @Field(() => Int, { nullable: true, description: 'Size in bytes, where known.' }) bytes!: number | null;
}

// The JSON columns were written by the hub, but a missing key must read as null, not undefined.

export function toContact(stored: StoredContact | null | undefined): ResourceContact | null {
  if (!stored) return null;
  return { name: stored.name ?? null, organisation: stored.organisation ?? null, email: stored.email ?? null, phone: stored.phone ?? null };
}

export function toLinks(stored: StoredLink[] | null | undefined): ResourceLink[] {
  return (stored ?? []).map((link) => ({ title: link.title ?? null, url: link.url }));
}

export function toAttachments(stored: StoredAttachment[] | null | undefined): ResourceAttachment[] {
  return (stored ?? []).map((file) => ({
    title: file.title ?? null,
    url: file.url,
    mediaType: file.mediaType ?? null,
    bytes: file.bytes ?? null,
  }));
}
