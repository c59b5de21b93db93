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
;;   runCount(p, n, base) → runs:       the runs of equal ids that start in a block of a column from row
;;                                     `base`, or -1 when an id is smaller than the one before (the
;;                                     global `prev` carries the block's last id to the next block)
;;   runFill(p, n, base, ids, offsets, k) → k: the same runs' ids and first rows, written from
;;                                     position k on (`prev` as for runCount, set again for this pass)
;;   unlisted(p, n, listed, maxId) → i: the first row whose id (≥ 1) is above maxId or has listed[id] = 0
;;                                     (listed: a byte per id), or -1
;;   repeated(users, movies, n, base, stamp, firstRow) → 0, or -2 when a userId is smaller than the
;;                                     one before: checks.ts's repeatedRating over a block of rows
;;                                     from row `base` (stamp, firstRow: an i32 per movieId, zeroed;
;;                                     runs of users count from 1); the globals `run` and `user`
;;                                     carry over from block to block; `again` and `first` are the
;;                                     rows of the first repeat (`again` -1 until then)
(module
  (import "env" "memory" (memory 1))
  (global $min (export "min") (mut i32) (i32.const 0))
  (global $max (export "max") (mut i32) (i32.const -1))
  (global $run (export "run") (mut i32) (i32.const 0))
  (global $user (export "user") (mut i32) (i32.const -1))
  (global $again (export "again") (mut i32) (i32.const -1))
  (global $first (export "first") (mut i32) (i32.const -1))
  (global $prev (export "prev") (mut i32) (i32.const 0))
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
    (local.get $k))
  (func (export "unlisted") (param $p i32) (param $n i32) (param $listed i32) (param $maxId i32) (result i32)
    (local $i i32) (local $id i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.gt_u (local.get $id) (local.get $maxId)) (then (return (local.get $i))))
      (if (i32.eqz (i32.load8_u (i32.add (local.get $listed) (local.get $id)))) (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.const -1))
  (func (export "repeated") (param $users i32) (param $movies i32) (param $n i32) (param $base i32) (param $stamp i32) (param $firstRow i32) (result i32)
    (local $i i32) (local $u i32) (local $m i32) (local $run i32) (local $user i32) (local $at i32)
    (local.set $run (global.get $run))
    (local.set $user (global.get $user))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $u (i32.load (i32.add (local.get $users) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.ne (local.get $u) (local.get $user))
        (then
          (if (i32.lt_s (local.get $u) (local.get $user)) (then (return (i32.const -2))))
          (local.set $user (local.get $u))
          (local.set $run (i32.add (local.get $run) (i32.const 1)))))
      (local.set $m (i32.shl (i32.load (i32.add (local.get $movies) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))
      (local.set $at (i32.add (local.get $stamp) (local.get $m)))
      (if (i32.and (i32.eq (i32.load (local.get $at)) (local.get $run)) (i32.lt_s (global.get $again) (i32.const 0)))
        (then
          (global.set $again (i32.add (local.get $base) (local.get $i)))
          (global.set $first (i32.load (i32.add (local.get $firstRow) (local.get $m))))))
      (i32.store (local.get $at) (local.get $run))
      (i32.store (i32.add (local.get $firstRow) (local.get $m)) (i32.add (local.get $base) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (global.set $run (local.get $run))
    (global.set $user (local.get $user))
    (i32.const 0))
  (func (export "runCount") (param $p i32) (param $n i32) (param $base i32) (result i32)
    (local $i i32) (local $id i32) (local $prev i32) (local $runs i32)
    (local.set $prev (global.get $prev))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eqz (i32.add (local.get $base) (local.get $i)))
        (then (local.set $runs (i32.const 1)))
        (else
          (if (i32.lt_s (local.get $id) (local.get $prev)) (then (return (i32.const -1))))
          (if (i32.ne (local.get $id) (local.get $prev)) (then (local.set $runs (i32.add (local.get $runs) (i32.const 1)))))))
      (local.set $prev (local.get $id))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (global.set $prev (local.get $prev))
    (local.get $runs))
  (func (export "runFill") (param $p i32) (param $n i32) (param $base i32) (param $ids i32) (param $offsets i32) (param $k i32) (result i32)
    (local $i i32) (local $id i32) (local $prev i32)
    (local.set $prev (global.get $prev))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.or (i32.eqz (i32.add (local.get $base) (local.get $i))) (i32.ne (local.get $id) (local.get $prev)))
        (then
          (i32.store (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2))) (local.get $id))
          (i32.store (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2))) (i32.add (local.get $base) (local.get $i)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
      (local.set $prev (local.get $id))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (global.set $prev (local.get $prev))
    (local.get $k)))
