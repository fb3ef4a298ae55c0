// The function library's entry point: importing this module registers every family of ./<family>.ts with the
// registry (see ./registry.ts for the contract). The translator imports it once, after its own built-in set,
// so a family here overrides a built-in translation of the same name.
// Owned by the function-library work: add one import per family file.
export {};
