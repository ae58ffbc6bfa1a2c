// @support/widget: the chat iframe app and its embed loader are built by Vite; other packages
// (tests, the server) only need the host <-> iframe protocol.
export { CHANNEL, isProtocolMessage, type ToHost, type ToWidget } from "./protocol.ts";
