import { Message } from '../../ui/participant/message';

export default function StudyNotFound() {
  return <Message title="Study not found" message="There is no study at this address. Please check the link you were given." />;
}
