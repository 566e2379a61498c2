// /admin/login: the admin layout shows the form to visitors who are not signed in; a
// signed-in visitor is sent on to where they were going.
import { redirect } from 'next/navigation';
import { currentAdminAccess } from '../../lib/auth/page-guard';
import { safeReturnPath } from '../../lib/auth/return-path';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const access = await currentAdminAccess();
  if (access.ok) {
    const { next } = await searchParams;
    redirect(safeReturnPath(typeof next === 'string' ? next : null));
  }
  return null;
}
