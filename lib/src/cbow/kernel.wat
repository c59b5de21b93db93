;; The two matrix products of a CBOW block, in WebAssembly SIMD (f32x4).
;; Regenerate lib/src/cbow/kernel-wasm.ts after editing: node bench/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
;;
;; Matrices are row-major f32 at byte offsets chosen by kernel.ts; a row of D floats is `dbytes`
;; = 4·D bytes, and D is a multiple of 4 so a row is whole f32x4 lanes.
;;
;; logits(h, w, bias, z, rows, V, dbytes)
;;   z[j, v] = bias[v] + Σ_d h[j, d] · w[v, d]          for j < rows, v < V
;; backward(h, w, dz, dw, db, dh, rows, V, dbytes)
;;   dw[v, :] += dz[j, v] · h[j, :];  db[v] += dz[j, v];  dh[j, :] = Σ_v dz[j, v] · w[v, :]
(module
  (import "env" "memory" (memory 1))
  (func (export "logits")
    (param $h i32) (param $w i32) (param $bias i32) (param $z i32) (param $rows i32) (param $V i32) (param $dbytes i32)
    (local $j i32) (local $v i32) (local $d i32) (local $hj i32) (local $wv i32) (local $zj i32) (local $acc v128)
    (local.set $j (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $j) (local.get $rows)))
      (local.set $hj (i32.add (local.get $h) (i32.mul (local.get $j) (local.get $dbytes))))
      (local.set $zj (i32.add (local.get $z) (i32.shl (i32.mul (local.get $j) (local.get $V)) (i32.const 2))))
      (local.set $v (i32.const 0))
      (local.set $wv (local.get $w))
      (block $v_done (loop $v_loop
        (br_if $v_done (i32.ge_u (local.get $v) (local.get $V)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (block $d_done (loop $d_loop
          (br_if $d_done (i32.ge_u (local.get $d) (local.get $dbytes)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (i32.add (local.get $hj) (local.get $d))) (v128.load (i32.add (local.get $wv) (local.get $d))))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $d_loop)))
        (f32.store (i32.add (local.get $zj) (i32.shl (local.get $v) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $bias) (i32.shl (local.get $v) (i32.const 2))))
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))))
        (local.set $wv (i32.add (local.get $wv) (local.get $dbytes)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $v_loop)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $rows_loop))))

  (func (export "backward")
    (param $h i32) (param $w i32) (param $dz i32) (param $dw i32) (param $db i32) (param $dh i32)
    (param $rows i32) (param $V i32) (param $dbytes i32)
    (local $j i32) (local $v i32) (local $d i32) (local $hj i32) (local $dhj i32) (local $wv i32) (local $dwv i32)
    (local $zj i32) (local $g f32) (local $gs v128) (local $at i32)
    (local.set $j (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $j) (local.get $rows)))
      (local.set $hj (i32.add (local.get $h) (i32.mul (local.get $j) (local.get $dbytes))))
      (local.set $dhj (i32.add (local.get $dh) (i32.mul (local.get $j) (local.get $dbytes))))
      (local.set $zj (i32.add (local.get $dz) (i32.shl (i32.mul (local.get $j) (local.get $V)) (i32.const 2))))
      ;; dh[j] = 0
      (local.set $d (i32.const 0))
      (block $zero_done (loop $zero
        (br_if $zero_done (i32.ge_u (local.get $d) (local.get $dbytes)))
        (v128.store (i32.add (local.get $dhj) (local.get $d)) (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $zero)))
      (local.set $v (i32.const 0))
      (local.set $wv (local.get $w))
      (local.set $dwv (local.get $dw))
      (block $v_done (loop $v_loop
        (br_if $v_done (i32.ge_u (local.get $v) (local.get $V)))
        (local.set $g (f32.load (i32.add (local.get $zj) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $at (i32.add (local.get $db) (i32.shl (local.get $v) (i32.const 2))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $g)))
        (local.set $gs (f32x4.splat (local.get $g)))
        (local.set $d (i32.const 0))
        (block $d_done (loop $d_loop
          (br_if $d_done (i32.ge_u (local.get $d) (local.get $dbytes)))
          (v128.store (i32.add (local.get $dwv) (local.get $d))
            (f32x4.add (v128.load (i32.add (local.get $dwv) (local.get $d)))
              (f32x4.mul (local.get $gs) (v128.load (i32.add (local.get $hj) (local.get $d))))))
          (v128.store (i32.add (local.get $dhj) (local.get $d))
            (f32x4.add (v128.load (i32.add (local.get $dhj) (local.get $d)))
              (f32x4.mul (local.get $gs) (v128.load (i32.add (local.get $wv) (local.get $d))))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $d_loop)))
        (local.set $wv (i32.add (local.get $wv) (local.get $dbytes)))
        (local.set $dwv (i32.add (local.get $dwv) (local.get $dbytes)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $v_loop)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $rows_loop)))))
