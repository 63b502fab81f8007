import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Projection } from './projection';
import { ProjectionDefinition } from './projection-definition.decorator';
import {
  ProjectionDefinitionError,
  validateProjections,
  type ProjectionRegistry,
} from './projection-registry';

function isProjection(value: unknown): value is Projection {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Projection, unknown>>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.version === 'number' &&
    Array.isArray(candidate.eventTypes) &&
    typeof candidate.handle === 'function'
  );
}

/** The providers marked @ProjectionDefinition() anywhere in the application. */
@Injectable()
export class DiscoveredProjectionRegistry implements ProjectionRegistry {
  private projections: readonly Projection[] | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  all(): readonly Projection[] {
    // Resolved lazily: every provider instance exists once the first lifecycle hook runs.
    this.projections ??= this.discover();
    return this.projections;
  }

  private discover(): readonly Projection[] {
    const found = new Map<unknown, Projection>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProjectionDefinition.KEY })) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || !isProjection(instance)) {
        throw new ProjectionDefinitionError(
          `${wrapper.name} is marked @ProjectionDefinition() but is not a singleton Projection`,
        );
      }
      // One class listed by several modules gets one instance per module; still one projection.
      found.set(wrapper.metatype ?? instance, instance);
    }
    const projections = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
    validateProjections(projections);
    return projections;
  }
}
