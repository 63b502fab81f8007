import { randomUUID } from 'node:crypto';

/** Ids are an input too: tests may inject a deterministic generator. */
export interface IdGenerator {
  newId(): string;
}

export const ID_GENERATOR = Symbol('IdGenerator');

export class RandomIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
