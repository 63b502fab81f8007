import { SlaPolicyBodyFields } from '../sla-policy.dto';

/** PUT /sla/policies/{id}: the whole policy (create or replace); omitted parts take defaults. */
export class DefinePolicyRequest extends SlaPolicyBodyFields {}
