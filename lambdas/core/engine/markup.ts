// The markup reader's libraries: htmlparser2's tokenizer and domutils' DOM queries. Importing this
// module installs them into normalize.ts (see loadMarkupReader there for why they load late).
import { Parser } from 'htmlparser2';
import { findAll, findOne, getChildren } from 'domutils';
import { installMarkupReader } from './normalize.ts';

installMarkupReader({ Parser, findAll, findOne, getChildren });
