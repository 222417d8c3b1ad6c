// The demo client system `npm start` runs: an HTTP receiver on loopback that answers 200 to every
// postback and prints it, so that a newcomer's first curl shows the whole loop in the terminal.
const { createServer } = require('node:http');

/** Starts the receiver; resolves with its base URL once it listens. */
function startDemoReceiver(port, log = console.log) {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const query = Object.fromEntries(new URL(request.url, 'http://demo').searchParams);
      log(
        `\n[demo client system] postback received: ${request.method} ${request.url}` +
          `\n  ${JSON.stringify(query)}${body ? `\n  body: ${body}` : ''}`,
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, server }),
    );
  });
}

module.exports = { startDemoReceiver };
