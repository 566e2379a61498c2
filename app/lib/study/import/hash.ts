import { createHash } from 'node:crypto';

/** The content hash that identifies an asset within a study: sha256 of the stored bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
