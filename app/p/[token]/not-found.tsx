import { UNKNOWN_SESSION } from '../../lib/session/session-record';
import { Message } from '../../ui/participant/message';

export default function SessionNotFound() {
  return <Message title="Session not found" message={UNKNOWN_SESSION} />;
}
