// Run: npx tsx test/chaos/known-bugs/smtp-sink-reset.ts (prints "the sink survived" once startSmtpSink handles it).
// A client that resets its connection mid-transaction (after MAIL FROM), as a SIGKILLed sender does.
import { connect } from 'node:net';
import { startSmtpSink } from '../../../engine/src/email/index.ts';
const sink = await startSmtpSink({ port: 0, onMessage: async () => undefined });
const s = connect(sink.port, '127.0.0.1');
s.on('error', () => undefined);
let said = '';
s.on('data', (d) => {
  said += d.toString();
  if (said.startsWith('220') && !said.includes('250')) s.write('EHLO x\r\n');
  else if (said.includes('250') && !said.includes('2.1.0') && !said.includes('Accepted')) {
    s.write('MAIL FROM:<a@example.com>\r\n');
    said += '2.1.0';
  } else {
    s.resetAndDestroy();
  }
});
setTimeout(() => {
  console.log('the sink survived');
  process.exit(0);
}, 3000);
