import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { PLATFORM_PROBLEMS, ProblemException, type FieldError } from './problem-details';

/** class-validator's constraint for a property the DTO does not declare (forbidNonWhitelisted). */
const UNKNOWN_PROPERTY_CONSTRAINT = 'whitelistValidation';

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

/** Flattens class-validator's error tree into one entry per failed constraint, with dotted paths. */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = childPath(parent, error.property ?? '');
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      if (constraint === UNKNOWN_PROPERTY_CONSTRAINT) {
        result.push({ field, message: `unknown property ${field}`, code: 'unknown-property' });
      } else if (constraint === 'unknownValue') {
        result.push({ field: field || '(body)', message: 'must be a JSON object', code: 'type' });
      } else {
        result.push({ field, message, code: constraint });
      }
    }
    if (error.children && error.children.length > 0) {
      result.push(...fieldErrorsOf(error.children, field));
    }
  }
  return result;
}

/** At most this many field errors are listed (a hostile payload could produce thousands). */
export const MAX_FIELD_ERRORS = 100;

export function validationProblem(allErrors: readonly FieldError[]): ProblemException {
  const errors = allErrors.slice(0, MAX_FIELD_ERRORS);
  const unknown = errors.filter((e) => e.code === 'unknown-property').map((e) => e.field);
  const invalid = errors.filter((e) => e.code !== 'unknown-property').map((e) => e.field);
  const sentences: string[] = [];
  if (invalid.length > 0) sentences.push(`Invalid fields: ${[...new Set(invalid)].join(', ')}.`);
  if (unknown.length > 0)
    sentences.push(`Unknown properties (not allowed): ${unknown.join(', ')}.`);
  if (allErrors.length > errors.length) {
    sentences.push(`${allErrors.length - errors.length} further errors not listed.`);
  }
  return new ProblemException({
    ...PLATFORM_PROBLEMS.validation,
    status: 400,
    detail: sentences.join(' '),
    errors,
  });
}

/**
 * The global ValidationPipe: unknown properties are rejected (not silently dropped), payloads are
 * transformed into their DTO classes, and failures become one 400 problem listing every field.
 * Submitted values are never echoed back (they may be personal data).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => validationProblem(fieldErrorsOf(errors)),
  });
}
