import http from 'node:http';

/** One keep-alive client for the system under test and its baseline alike, so only the servers differ. */
export function createHttpClient(maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    get(url: string, headers: Record<string, string> = {}): Promise<string> {
      return new Promise((resolve, reject) => {
        const request = http.get(url, { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if ((response.statusCode ?? 500) >= 400)
              reject(new Error(`HTTP ${response.statusCode}: ${body.slice(0, 200)}`));
            else resolve(body);
          });
        });
        request.on('error', reject);
      });
    },
    close: () => agent.destroy(),
  };
}
