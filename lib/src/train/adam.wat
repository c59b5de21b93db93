;; Adam's update of a range of elements, in WebAssembly SIMD: two elements at a time in f64x2
;; lanes, then the odd one out in scalar f64. The arithmetic is that of the reference formula in
;; adam.ts, operation for operation (f32 loads widened to f64, no fused multiply-add, results
;; rounded to f32 when stored), so the numbers are bit for bit those of a plain f64 loop:
;;   m ← β₁·m + (1 − β₁)·g
;;   v ← β₂·v + ((1 − β₂)·g)·g
;;   θ ← θ − (s·m) / (√v / √c₂ + ε)      with m and v unrounded (f64), s = α/c₁
;; With `penalise` set, the same pass then starts the next step's gradient of an L2 penalty
;; λ‖θ‖² on the new weights: g ← decay·θ (decay = 2λ) and sum += θ·θ, the sum running element
;; by element in order (as a plain loop adds), so the penalty's pass over the weights costs no
;; extra trip through memory and its chain of additions overlaps the update's divisions.
;; Regenerate lib/src/train/adam-wasm.ts after editing: node scripts/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
(module
  (import "env" "memory" (memory 1))

  ;; update(p, g, m, v, n, beta1, beta2, epsilon, stepSize, sqrtC2, penalise, decay, sum) → sum:
  ;; the f32 arrays at byte offsets p (parameters), g (gradients), m and v (moments), n elements
  ;; each; returns `sum` plus Σ θ² of the new weights when penalising (else `sum` unchanged).
  (func (export "update")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $beta1 f64) (param $beta2 f64) (param $epsilon f64) (param $stepSize f64) (param $sqrtC2 f64)
    (param $penalise i32) (param $decay f64) (param $sum f64) (result f64)
    (local $i i32) (local $pairs i32) (local $end i32) (local $theta v128) (local $squares v128) (local $dv v128) (local $ps f64)
    (local $b1 v128) (local $b2 v128) (local $c1 v128) (local $c2 v128) (local $eps v128) (local $s v128) (local $sc v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $b1 (f64x2.splat (local.get $beta1)))
    (local.set $b2 (f64x2.splat (local.get $beta2)))
    (local.set $c1 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta1))))
    (local.set $c2 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta2))))
    (local.set $eps (f64x2.splat (local.get $epsilon)))
    (local.set $s (f64x2.splat (local.get $stepSize)))
    (local.set $sc (f64x2.splat (local.get $sqrtC2)))
    (local.set $dv (f64x2.splat (local.get $decay)))
    ;; byte offsets: pairs of elements up to $pairs, then one element if n is odd
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $pairs (i32.and (local.get $end) (i32.const -8)))
    (local.set $i (i32.const 0))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
      (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $i)))))
      (local.set $mv (f64x2.add
        (f64x2.mul (local.get $b1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $i)))))
        (f64x2.mul (local.get $c1) (local.get $gv))))
      (local.set $vv (f64x2.add
        (f64x2.mul (local.get $b2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $i)))))
        (f64x2.mul (f64x2.mul (local.get $c2) (local.get $gv)) (local.get $gv))))
      (v128.store64_lane 0 (i32.add (local.get $m) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $mv)))
      (v128.store64_lane 0 (i32.add (local.get $v) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $vv)))
      (local.set $theta
        (f32x4.demote_f64x2_zero
          (f64x2.sub
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p) (local.get $i))))
            (f64x2.div
              (f64x2.mul (local.get $s) (local.get $mv))
              (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $sc)) (local.get $eps))))))
      (v128.store64_lane 0 (i32.add (local.get $p) (local.get $i)) (local.get $theta))
      (if (local.get $penalise)
        (then
          (local.set $theta (f64x2.promote_low_f32x4 (local.get $theta)))
          (v128.store64_lane 0 (i32.add (local.get $g) (local.get $i))
            (f32x4.demote_f64x2_zero (f64x2.mul (local.get $dv) (local.get $theta))))
          (local.set $squares (f64x2.mul (local.get $theta) (local.get $theta)))
          (local.set $sum (f64.add
            (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $squares)))
            (f64x2.extract_lane 1 (local.get $squares))))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $pair)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $i)))))
        (local.set $ms (f64.add
          (f64.mul (local.get $beta1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $i)))))
          (f64.mul (f64.sub (f64.const 1) (local.get $beta1)) (local.get $gs))))
        (local.set $vs (f64.add
          (f64.mul (local.get $beta2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $i)))))
          (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $beta2)) (local.get $gs)) (local.get $gs))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $v) (local.get $i)) (f32.demote_f64 (local.get $vs)))
        (local.set $ps
          (f64.promote_f32 (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $i))))
              (f64.div
                (f64.mul (local.get $stepSize) (local.get $ms))
                (f64.add (f64.div (f64.sqrt (local.get $vs)) (local.get $sqrtC2)) (local.get $epsilon)))))))
        (f32.store (i32.add (local.get $p) (local.get $i)) (f32.demote_f64 (local.get $ps)))
        (if (local.get $penalise)
          (then
            (f32.store (i32.add (local.get $g) (local.get $i)) (f32.demote_f64 (f64.mul (local.get $decay) (local.get $ps))))
            (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $ps) (local.get $ps))))))))
    (local.get $sum))
)
