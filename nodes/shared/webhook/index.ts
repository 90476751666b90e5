export * from './dedup';
export * from './event';
export * from './events';
export * from './filter';
export * from './receive';
export * from './verify';
export * from './subscription';
export { unwatchTemplateReviews, watchTemplateReviews } from './templateReviews';
