import { definitionProblems, type Projection } from './projection';

/** Where the runner gets the projections to run (discovered in the app, a fixed list in tests). */
export interface ProjectionRegistry {
  all(): readonly Projection[];
}

export const PROJECTION_REGISTRY = Symbol('ProjectionRegistry');

export class ProjectionDefinitionError extends Error {
  override readonly name = 'ProjectionDefinitionError';
}

/** Throws on invalid definitions, duplicate names, or two projections claiming one table. */
export function validateProjections(projections: readonly Projection[]): void {
  const problems = projections.flatMap(definitionProblems);
  const names = new Set<string>();
  const tableOwners = new Map<string, string>();
  for (const projection of projections) {
    if (names.has(projection.name))
      problems.push(`projection "${projection.name}" is defined twice`);
    names.add(projection.name);
    for (const table of projection.tables ?? []) {
      const owner = tableOwners.get(table);
      if (owner !== undefined && owner !== projection.name) {
        problems.push(
          `table "${table}" is claimed by projections "${owner}" and "${projection.name}"`,
        );
      }
      tableOwners.set(table, projection.name);
    }
  }
  if (problems.length > 0) throw new ProjectionDefinitionError(problems.join('; '));
}

/** A fixed list, validated up front. */
export class StaticProjectionRegistry implements ProjectionRegistry {
  private readonly projections: readonly Projection[];

  constructor(projections: readonly Projection[]) {
    validateProjections(projections);
    this.projections = [...projections];
  }

  all(): readonly Projection[] {
    return this.projections;
  }
}
