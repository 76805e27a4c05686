/**
 * Any function or class, whatever its parameters and whatever its constructor's visibility.
 *
 * config-spec reads parameter lists at run time (from the source text or an explicit list), so it
 * takes targets its types cannot describe: a class with a private constructor is not assignable to
 * any `new (...) => T`, and a factory may have any signature. This is TypeScript's `Function` under
 * a name that says so; config-spec only ever calls one through `Reflect.apply`/`Reflect.construct`
 * after binding its arguments by name.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- see the comment above
export type Callable = Function;
