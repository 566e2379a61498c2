/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so a developer's `next dev` and a test run never
  // share (and clobber) one build directory.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Native and WebAssembly packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'sharp', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  // `npm run typecheck` (part of `npm test`) checks the whole project; skipping Next's
  // second pass keeps the first `npm start` fast on small machines.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // No gzip in the app server: Next.js compressed every JSON reply of the participant API
  // (a fresh zlib stream per reply, 8% of the server's CPU under load) to save a few hundred
  // bytes; images are JPEG. A public deployment's reverse proxy compresses pages if wanted.
  compress: false,
  reactStrictMode: true,
};

export default nextConfig;
