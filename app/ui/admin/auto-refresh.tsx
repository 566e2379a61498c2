'use client';
// Re-renders the page from the server every `seconds` while it is visible, so the results
// follow the answers as they arrive (the analysis is cached by answer count: a refresh
// without new answers costs one count query).
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
