#!/usr/bin/env node
// Entry shim: the CLI is TypeScript, run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./redline.ts');
