export * from './deadlines';
export * from './model';
export * from './replies';
export * from './stores';
export * from './window';
