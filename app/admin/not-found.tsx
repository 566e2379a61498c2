// A study id that does not exist (a mistyped or deleted study).
import Link from 'next/link';
import styles from '../ui/admin/admin.module.css';

export default function AdminNotFound() {
  return (
    <div className={styles.empty}>
      <strong>There is no such study.</strong>
      It may have been deleted or the address mistyped. <Link href="/admin">Back to the studies</Link>.
    </div>
  );
}
