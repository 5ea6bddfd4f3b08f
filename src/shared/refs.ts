import { Reference, type Ref } from '@mikro-orm/core';

/** The primary key a reference points at, without loading it. */
export function refKey<T extends object, K extends string | number = number>(ref: Ref<T> | null | undefined): K | null {
  if (!ref) return null;
  const entity = Reference.unwrapReference(ref as never) as Record<string, unknown>;
  return (entity.id ?? entity.code) as K;
}
