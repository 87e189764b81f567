// An example Boomerang plugin: load it with BOOMERANG_PLUGINS=./templates/plugins/shop/index.ts
// (or list it in boomerang.config.ts). Every exported node definition is registered.
export { cartAbandoned } from './cart-abandoned.ts';
export { slackMessage } from './slack-message.ts';
