export { findSyntaxProblem, type JsonSyntaxProblem } from './syntax';
export { locate, locateDeepest, type JsonLocation, type JsonPath } from './locate';
export { parsePointer, rangeOfPointer } from './pointer';
export { arrayElementSpans, ndjsonLineSpans, topLevelEventSpans, topLevelMember, type Span } from './spans';
export { forEachElement, forEachMember, skipValue, skipWs } from './skip';
