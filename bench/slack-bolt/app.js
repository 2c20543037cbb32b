// Reference Slack app for the load benchmark: Bolt verifies each request's signature and acks it; nothing is stored.
// Each app_mention is answered with one Web API call (chat.postMessage in the mention's thread), made after the ack,
// to SLACK_API_URL (the benchmark's loopback fake Web API, the same one StarBot's replies go to); the /star slash
// command is answered in the ack. That is the same outward work as StarBot's for this load, minus storage.
const { App, LogLevel } = require('@slack/bolt');

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  tokenVerificationEnabled: false, // no auth.test call at start: the benchmark has no network
  botId: 'B0BENCHBOT', // known up front, so Bolt never calls auth.test while handling a request
  botUserId: 'U0BENCHBOT',
  logLevel: LogLevel.ERROR,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
});

// BOLT_ACK_ONLY=1 (inherited through the benchmark's environment) brings back the earlier app that only acked.
const answer = process.env.BOLT_ACK_ONLY !== '1';

app.event('app_mention', async ({ event, client }) => {
  if (!answer) return;
  await client.chat.postMessage({
    channel: event.channel,
    thread_ts: event.thread_ts || event.ts,
    text: `Here is an example answer for "${event.text.replace(/<@[^>]+>\s*/g, '')}".`,
  });
});
app.message(async () => {});
app.command('/star', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});

(async () => {
  await app.start(Number(process.env.PORT || 3000));
  console.log('bolt ready');
})();
