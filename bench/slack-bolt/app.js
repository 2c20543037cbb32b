// Reference Slack app for the load benchmark: Bolt verifies each request's signature and acks it; nothing is stored.
const { App, LogLevel } = require('@slack/bolt');

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  tokenVerificationEnabled: false, // no auth.test call at start: the benchmark has no network
  botId: 'B0BENCHBOT', // known up front, so Bolt never calls auth.test while handling a request
  botUserId: 'U0BENCHBOT',
  logLevel: LogLevel.ERROR,
});

app.event('app_mention', async () => {});
app.message(async () => {});
app.command('/star', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});

(async () => {
  await app.start(Number(process.env.PORT || 3000));
  console.log('bolt ready');
})();
