/** Where Debian's `libnginx-mod-nchan` puts the module. */
export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';

/**
 * nginx with the nchan module: one worker process (the bench's other servers are one Node process
 * each), clients on `/events` (EventSource), events published by POST to `/pub`, both one channel.
 * Everything nginx writes goes to `dir`; nchan's own settings are its defaults.
 */
export function nginxConfig(dir: string, port: number, maxConnections: number): string {
  return `daemon off;
worker_processes 1;
worker_rlimit_nofile ${maxConnections + 100};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
load_module ${NCHAN_MODULE};
events { worker_connections ${maxConnections}; }
http {
  access_log off;
  # The publisher's one connection carries every event; nginx would close it after 1,000 requests.
  keepalive_requests 4294967295;
  keepalive_timeout 1h;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location = /events { nchan_subscriber eventsource; nchan_channel_id bench; }
    location = /pub { nchan_publisher; nchan_channel_id bench; }
  }
}
`;
}
