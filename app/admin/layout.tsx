// Every admin page renders inside this layout, which asks the one admin check first: with
// ADMIN_PASSWORD unset it explains how to open the pages; without credentials it shows
// the login form instead of the page. Pages check again themselves (layouts do not re-run
// on client navigation, and do not stop a page from rendering), as do the route handlers.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { currentAdminAccess } from '../lib/auth/page-guard';
import { AdminClosed } from '../ui/admin/admin-closed';
import { AdminShell } from '../ui/admin/admin-shell';
import { LoginForm } from '../ui/admin/login-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Researcher · Colorization Turing test' };

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const access = await currentAdminAccess();
  if (!access.ok && access.reason === 'closed') return <AdminClosed />;
  if (!access.ok) {
    return (
      <Suspense>
        <LoginForm />
      </Suspense>
    );
  }
  return <AdminShell>{children}</AdminShell>;
}
