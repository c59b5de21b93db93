;; Passes over id columns (userId, movieId: i32, ≥ 0 where counted) for counts.ts and
;; watchlists.ts: compiled ahead of use, so a first call on 100,000 ratings runs as fast as a
;; later one (no JIT warm-up). Regenerate lib/src/data/ids-wasm.ts after editing:
;; node scripts/build-kernel-wasm.mjs.
;;
;; Every pointer is a byte offset in the imported memory; columns and tables are i32.
;;   range(p, n):                      sets the globals `min` (at most 0) and `max` (at least -1) of column p
;;   count(p, n, per):                 per[id] += how many rows of column p hold each id (ids ≥ 0, per
;;                                     zeroed first: a new memory is)
;;   compact(per, max, ids, counts, slot) → distinct: the ids with a count, ascending, their
;;                                     counts, and slot[id] = the id's position (or -1)
;;   firstMet(p, n, seen, out) → met:  the ids of column p in the order first met (seen: a byte per
;;                                     id, 0 for unseen; marked on the way)
(module
  (import "env" "memory" (memory 1))
  (global $min (export "min") (mut i32) (i32.const 0))
  (global $max (export "max") (mut i32) (i32.const -1))
  (func (export "range") (param $p i32) (param $n i32)
    (local $end i32) (local $id i32) (local $min i32) (local $max i32)
    (local.set $max (i32.const -1))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $id (i32.load (local.get $p)))
      (if (i32.gt_s (local.get $id) (local.get $max)) (then (local.set $max (local.get $id))))
      (if (i32.lt_s (local.get $id) (local.get $min)) (then (local.set $min (local.get $id))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $next)))
    (global.set $min (local.get $min))
    (global.set $max (local.get $max)))
  (func (export "count") (param $p i32) (param $n i32) (param $per i32)
    (local $end i32) (local $at i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $at (i32.add (local.get $per) (i32.shl (i32.load (local.get $p)) (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $next))))
  (func (export "compact") (param $per i32) (param $max i32) (param $ids i32) (param $counts i32) (param $slot i32) (result i32)
    (local $id i32) (local $k i32) (local $c i32)
    (block $done (loop $next
      (br_if $done (i32.gt_s (local.get $id) (local.get $max)))
      (local.set $c (i32.load (i32.add (local.get $per) (i32.shl (local.get $id) (i32.const 2)))))
      (if (i32.gt_s (local.get $c) (i32.const 0))
        (then
          (i32.store (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2))) (local.get $id))
          (i32.store (i32.add (local.get $counts) (i32.shl (local.get $k) (i32.const 2))) (local.get $c))
          (i32.store (i32.add (local.get $slot) (i32.shl (local.get $id) (i32.const 2))) (local.get $k))
          (local.set $k (i32.add (local.get $k) (i32.const 1))))
        (else (i32.store (i32.add (local.get $slot) (i32.shl (local.get $id) (i32.const 2))) (i32.const -1))))
      (local.set $id (i32.add (local.get $id) (i32.const 1)))
      (br $next)))
    (local.get $k))
  (func (export "firstMet") (param $p i32) (param $n i32) (param $seen i32) (param $out i32) (result i32)
    (local $end i32) (local $id i32) (local $k i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $id (i32.load (local.get $p)))
      (if (i32.eqz (i32.load8_u (i32.add (local.get $seen) (local.get $id))))
        (then
          (i32.store8 (i32.add (local.get $seen) (local.get $id)) (i32.const 1))
          (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $id))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $next)))
    (local.get $k)))
