import type { NextConfig } from 'next';

// The adapter stays a separate server; the app's /api/* reaches it through a rewrite (same origin for the page).
const adapter = process.env.ERP_WIDGETS_ADAPTER_URL;
if (!adapter) throw new Error('set ERP_WIDGETS_ADAPTER_URL to the adapter, e.g. http://127.0.0.1:8787');

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  async rewrites() {
    return [{ source: '/api/:path*', destination: `${adapter}/api/:path*` }];
  },
};

export default nextConfig;
