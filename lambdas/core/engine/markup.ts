// The markup reader's libraries: htmlparser2's tokenizer and domutils' DOM queries, which
// normalize.ts installs on first need (see loadMarkupReader there for why they load late). In the
// Lambda bundles this module is a file of its own next to the handler (lib/bundling.ts), so a
// function's cold start does not even parse it.
import { Parser } from 'htmlparser2';
import { findAll, findOne, getChildren } from 'domutils';
import type { MarkupReader } from './normalize.ts';

export const markupReader: MarkupReader = { Parser, findAll, findOne, getChildren };
