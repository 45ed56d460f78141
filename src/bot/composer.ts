/**
 * FeatureComposer: grammY's Composer, with its filters (`on`, `command`, `chatType`, `filter`, `drop`)
 * decided without building a Composer for every update they see.
 *
 * grammY runs every filter through `branch`, which is `lazy`: for each update that reaches a filter, it
 * builds a fresh Composer around the chosen side and chains it anew (grammy/out/composer.js). Every
 * update passes a dozen of ours, so that was a large share of the bot's allocations and of its CPU per
 * update (docs/PERFORMANCE.md, "Filters without a Composer per update"). The same change is proposed
 * upstream as grammyjs/grammY#765, where the maintainers asked for figures; ours are in bench/LEVERS.md.
 *
 * Only `branch` and `filter` are overridden, and they keep grammY's semantics: the predicate is asked
 * once per update, the chosen side runs with the same `next`, and a filter's composer may still be added
 * to after it was registered (its middleware is read when an update comes, as grammY's `flatten` does).
 */
import { Composer, type Context, type Middleware, type MiddlewareFn } from "grammy";

type MaybePromise<T> = T | Promise<T>;

/** Runs a middleware, or a list of them, as one function; a composer's current list is read per call. */
function asFunction<C extends Context>(middleware: Middleware<C> | readonly Middleware<C>[]): MiddlewareFn<C> {
  if (Array.isArray(middleware)) {
    const many = middleware as readonly Middleware<C>[];
    return many.length === 1 ? asFunction(many[0]!) : asFunction(new Composer<C>(...many));
  }
  const one = middleware as Middleware<C>;
  return typeof one === "function" ? one : (ctx, next) => one.middleware()(ctx, next);
}

const pass: MiddlewareFn<Context> = (_ctx, next) => next();

export class FeatureComposer<C extends Context> extends Composer<C> {
  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C> {
    const composer = new FeatureComposer<C>(...middleware);
    this.branch(predicate, composer, pass);
    return composer;
  }

  override branch(
    predicate: (ctx: C) => MaybePromise<boolean>,
    trueMiddleware: Middleware<C> | Middleware<C>[],
    falseMiddleware: Middleware<C> | Middleware<C>[],
  ): Composer<C> {
    const onTrue = asFunction(trueMiddleware);
    const onFalse = asFunction(falseMiddleware);
    return this.use((ctx, next) => {
      const chosen = predicate(ctx);
      // A synchronous predicate (every filter query and chat type is one) costs no promise turn.
      if (typeof chosen === "boolean") return chosen ? onTrue(ctx, next) : onFalse(ctx, next);
      return chosen.then((yes) => (yes ? onTrue(ctx, next) : onFalse(ctx, next)));
    });
  }
}
