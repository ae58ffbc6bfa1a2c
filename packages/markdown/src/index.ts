export { SafeMarkdown } from "./SafeMarkdown.tsx";
