import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { encodePosition } from './position';
import type { EventRow } from './sql';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    // Written only by appendToStream, which takes an EventMetadata.
    metadata: row.metadata as EventMetadata,
    streamName: row.stream_name,
    revision: BigInt(row.revision),
    position: encodePosition(row.transaction_id, row.global_position),
    recordedAt: row.recorded_at,
  };
}
