;; The hot loop of the top-k search in WebAssembly SIMD (f32x4): one dot product per matrix row.
;; Regenerate lib/src/vectors/dots-wasm.ts after editing: node bench/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
;;
;; dots(matrix, rows, dim, query, out)
;;   matrix: byte offset of rows × dim f32, row-major (rows need not be 16-byte aligned)
;;   query:  byte offset of dim f32
;;   out:    byte offset of rows f32; out[r] = matrix[r] · query
;; Each row: two f32x4 accumulators over the first dim − dim mod 8 numbers (eight per iteration, two
;; independent add chains), one more f32x4 step when dim mod 8 ≥ 4, then the rest one by one.
(module
  (import "env" "memory" (memory 1))
  (func (export "dots")
    (param $matrix i32) (param $rows i32) (param $dim i32) (param $query i32) (param $out i32)
    (local $r i32) (local $row i32) (local $d i32) (local $wide i32) (local $end i32)
    (local $acc v128) (local $acc2 v128) (local $sum f32) (local $wide8 i32)
    ;; wide8 = bytes of the 8-wide part of a row, wide = of the SIMD part, end = of a whole row
    (local.set $wide8 (i32.shl (i32.and (local.get $dim) (i32.const -8)) (i32.const 2)))
    (local.set $wide (i32.shl (i32.and (local.get $dim) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $row (local.get $matrix))
    (local.set $r (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $acc2 (v128.const f32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $wide8_done (loop $wide8_loop
        (br_if $wide8_done (i32.ge_u (local.get $d) (local.get $wide8)))
        (local.set $acc
          (f32x4.add (local.get $acc)
            (f32x4.mul
              (v128.load align=4 (i32.add (local.get $row) (local.get $d)))
              (v128.load align=4 (i32.add (local.get $query) (local.get $d))))))
        (local.set $acc2
          (f32x4.add (local.get $acc2)
            (f32x4.mul
              (v128.load offset=16 align=4 (i32.add (local.get $row) (local.get $d)))
              (v128.load offset=16 align=4 (i32.add (local.get $query) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (br $wide8_loop)))
      (local.set $acc (f32x4.add (local.get $acc) (local.get $acc2)))
      (block $wide_done (loop $wide_loop
        (br_if $wide_done (i32.ge_u (local.get $d) (local.get $wide)))
        (local.set $acc
          (f32x4.add (local.get $acc)
            (f32x4.mul
              (v128.load align=4 (i32.add (local.get $row) (local.get $d)))
              (v128.load align=4 (i32.add (local.get $query) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $wide_loop)))
      (local.set $sum
        (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
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
      (br $rows_loop)))))
