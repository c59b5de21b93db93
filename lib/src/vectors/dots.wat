;; The hot loops of the top-k search in WebAssembly SIMD (f32x4): one dot product per matrix row,
;; and the maximum of each block of 16 scores (which lets the search skip blocks that cannot hold
;; a top-k row). Regenerate lib/src/vectors/dots-wasm.ts after editing: node scripts/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
;;
;; dots(matrix, rows, dim, query, out)
;;   matrix: byte offset of rows × dim f32, row-major (rows need not be 16-byte aligned)
;;   query:  byte offset of dim f32
;;   out:    byte offset of rows f32; out[r] = matrix[r] · query
;; Four rows per pass: each f32x4 of the query is loaded once and multiplied into four
;; accumulators (one per row), so a pass costs 5 loads per 4 products instead of 8, and the four
;; horizontal sums are one transpose (two rounds of shuffles and adds) giving the 4 scores in one
;; f32x4. The dim mod 4 tail is added lane-wise from scalar loads; rows mod 4 take a one-row loop.
;;
;; blockMax(scores, rows, maxes)
;;   maxes[b] = max of the non-NaN scores[16b .. min(16b + 16, rows)), −∞ if there is none
(module
  (import "env" "memory" (memory 1))
  (func (export "dots")
    (param $matrix i32) (param $rows i32) (param $dim i32) (param $query i32) (param $out i32)
    (local $r i32) (local $row i32) (local $d i32) (local $wide i32) (local $end i32)
    (local $row1 i32) (local $row2 i32) (local $row3 i32) (local $group i32)
    (local $q v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $x v128) (local $y v128) (local $sum f32)
    ;; wide = bytes of the SIMD part of a row, end = bytes of a whole row (the row stride)
    (local.set $wide (i32.shl (i32.and (local.get $dim) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $group (i32.shl (local.get $end) (i32.const 2)))
    (local.set $row (local.get $matrix))
    (local.set $r (i32.const 0))
    (block $groups_done (loop $groups_loop
      (br_if $groups_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
      (local.set $row1 (i32.add (local.get $row) (local.get $end)))
      (local.set $row2 (i32.add (local.get $row1) (local.get $end)))
      (local.set $row3 (i32.add (local.get $row2) (local.get $end)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $wide_done (loop $wide_loop
        (br_if $wide_done (i32.ge_u (local.get $d) (local.get $wide)))
        (local.set $q (v128.load align=4 (i32.add (local.get $query) (local.get $d))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load align=4 (i32.add (local.get $row) (local.get $d))) (local.get $q))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load align=4 (i32.add (local.get $row1) (local.get $d))) (local.get $q))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load align=4 (i32.add (local.get $row2) (local.get $d))) (local.get $q))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load align=4 (i32.add (local.get $row3) (local.get $d))) (local.get $q))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $wide_loop)))
      ;; transpose-add: x = [a0.0+a0.2, a0.1+a0.3, a1.0+a1.2, a1.1+a1.3], y likewise for a2, a3;
      ;; then [x.0+x.1, x.2+x.3, y.0+y.1, y.2+y.3] = the four rows' sums
      (local.set $x (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
      (local.set $y (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
      (local.set $a0 (f32x4.add
        (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x) (local.get $y))
        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $x) (local.get $y))))
      ;; the dim mod 4 tail: the four rows' numbers at d gathered into one f32x4, times query[d]
      (block $tail_done (loop $tail_loop
        (br_if $tail_done (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $a0 (f32x4.add (local.get $a0)
          (f32x4.mul
            (f32x4.replace_lane 3
              (f32x4.replace_lane 2
                (f32x4.replace_lane 1
                  (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $d))))
                  (f32.load (i32.add (local.get $row1) (local.get $d))))
                (f32.load (i32.add (local.get $row2) (local.get $d))))
              (f32.load (i32.add (local.get $row3) (local.get $d))))
            (f32x4.splat (f32.load (i32.add (local.get $query) (local.get $d)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $tail_loop)))
      (v128.store align=4 (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (local.get $a0))
      (local.set $row (i32.add (local.get $row) (local.get $group)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $groups_loop)))
    ;; the last rows mod 4, one at a time
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $wide_done (loop $wide_loop
        (br_if $wide_done (i32.ge_u (local.get $d) (local.get $wide)))
        (local.set $a0
          (f32x4.add (local.get $a0)
            (f32x4.mul
              (v128.load align=4 (i32.add (local.get $row) (local.get $d)))
              (v128.load align=4 (i32.add (local.get $query) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $wide_loop)))
      (local.set $sum
        (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
          (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
      (block $tail_done (loop $tail_loop
        (br_if $tail_done (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $sum
          (f32.add (local.get $sum)
            (f32.mul
              (f32.load (i32.add (local.get $row) (local.get $d)))
              (f32.load (i32.add (local.get $query) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $tail_loop)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (local.get $sum))
      (local.set $row (i32.add (local.get $row) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows_loop))))

  (func (export "blockMax") (param $scores i32) (param $rows i32) (param $maxes i32)
    (local $r i32) (local $p i32) (local $m v128) (local $s f32) (local $full i32)
    ;; whole blocks: four f32x4.pmax (one instruction each; a NaN never wins), then across the lanes
    (local.set $full (i32.and (local.get $rows) (i32.const -16)))
    (local.set $p (local.get $scores))
    (block $blocks_done (loop $blocks_loop
      (br_if $blocks_done (i32.ge_u (local.get $r) (local.get $full)))
      (local.set $m
        (f32x4.pmax
          (f32x4.pmax
            (f32x4.pmax (v128.const f32x4 -inf -inf -inf -inf) (v128.load align=4 (local.get $p)))
            (v128.load offset=16 align=4 (local.get $p)))
          (f32x4.pmax
            (f32x4.pmax (v128.const f32x4 -inf -inf -inf -inf) (v128.load offset=32 align=4 (local.get $p)))
            (v128.load offset=48 align=4 (local.get $p)))))
      (local.set $m (f32x4.pmax (local.get $m) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
      (local.set $m (f32x4.pmax (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
      (f32.store (i32.add (local.get $maxes) (i32.shr_u (local.get $r) (i32.const 2))) (f32x4.extract_lane 0 (local.get $m)))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (local.set $r (i32.add (local.get $r) (i32.const 16)))
      (br $blocks_loop)))
    ;; the last, partial block
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then
        (local.set $s (f32.const -inf))
        (block $rest_done (loop $rest_loop
          (br_if $rest_done (i32.ge_u (local.get $r) (local.get $rows)))
          (if (f32.gt (f32.load (local.get $p)) (local.get $s)) (then (local.set $s (f32.load (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $rest_loop)))
        (f32.store (i32.add (local.get $maxes) (i32.shl (i32.shr_u (local.get $rows) (i32.const 4)) (i32.const 2))) (local.get $s))))))
