/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'sharp', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
