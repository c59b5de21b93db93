;; A CBOW block's forward and backward pass, in WebAssembly SIMD (f32x4): the context sums, the
;; logits, the softmax with its cross-entropy pieces and dloss/dlogits, the two backward products
;; and the scatter of dh to the context rows of dE.
;; Regenerate lib/src/cbow/kernel-wasm.ts after editing: node scripts/build-kernel-wasm.mjs
;; (needs wat2wasm from wabt: apt-get install wabt).
;;
;; Every matrix is row-major f32 at a 16-byte aligned byte offset chosen by kernel.ts:
;;   wt       D × Vp   the linear layer's weight transposed, wt[d, v] = W[v, d]; columns ≥ V are 0
;;   bias     Vp       b, padded with −∞ so that the padded columns get probability exactly 0
;;   dwt, db           their gradients (same shapes)
;;   h, dh    R × D    the block's summed contexts and their gradient
;;   z        R × Vp   the logits, overwritten by dloss/dz
;;   e, de    V × D    the embedding E and its gradient (row-major like the model's)
;;   contexts R × 2W i32  the context titles of each row
;;   targets  R i32    the middle title t of each row
;;   stats    R × 4    per row: max_v z, Σ_v exp(z_v − max), z_t (and one unused float)
;; Vp (V padded) is a multiple of 8 and D a multiple of 4, so a row is whole f32x4 vectors. The
;; products are register-blocked: each pass keeps 8 vector accumulators and reuses every loaded
;; vector 2 to 4 times (a plain dot product would load two vectors per multiply-add).
(module
  (import "env" "memory" (memory 1))

  ;; gather(e, contexts, h, rows, width, D):
  ;;   h[j, :] = Σ_k e[c_jk, :]   (the sum of a row's `width` context embeddings)
  (func (export "gather")
    (param $e i32) (param $contexts i32) (param $h i32) (param $rows i32) (param $width i32) (param $D i32)
    (local $dbytes i32) (local $hp i32) (local $hend i32) (local $cp i32) (local $cend i32) (local $row i32) (local $d i32)
    (local.set $dbytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $hp (local.get $h))
    (local.set $hend (i32.add (local.get $h) (i32.mul (local.get $rows) (local.get $dbytes))))
    (local.set $cp (local.get $contexts))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $hp) (local.get $hend)))
      (local.set $d (i32.const 0))
      (block $zero_done (loop $zero_loop
        (br_if $zero_done (i32.ge_u (local.get $d) (local.get $dbytes)))
        (v128.store (i32.add (local.get $hp) (local.get $d)) (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $zero_loop)))
      (local.set $cend (i32.add (local.get $cp) (i32.shl (local.get $width) (i32.const 2))))
      (block $ctx_done (loop $ctx_loop
        (br_if $ctx_done (i32.ge_u (local.get $cp) (local.get $cend)))
        (local.set $row (i32.add (local.get $e) (i32.mul (i32.load (local.get $cp)) (local.get $dbytes))))
        (local.set $d (i32.const 0))
        (block $d_done (loop $d_loop
          (br_if $d_done (i32.ge_u (local.get $d) (local.get $dbytes)))
          (v128.store (i32.add (local.get $hp) (local.get $d))
            (f32x4.add (v128.load (i32.add (local.get $hp) (local.get $d))) (v128.load (i32.add (local.get $row) (local.get $d)))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $d_loop)))
        (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
        (br $ctx_loop)))
      (local.set $hp (i32.add (local.get $hp) (local.get $dbytes)))
      (br $rows_loop))))

  ;; scatter(dh, contexts, de, rows, width, D):
  ;;   de[c_jk, :] += dh[j, :]   for each context title (h is their sum, so each gets dh_j)
  (func (export "scatter")
    (param $dh i32) (param $contexts i32) (param $de i32) (param $rows i32) (param $width i32) (param $D i32)
    (local $dbytes i32) (local $hp i32) (local $hend i32) (local $cp i32) (local $cend i32) (local $row i32) (local $d i32)
    (local.set $dbytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $hp (local.get $dh))
    (local.set $hend (i32.add (local.get $dh) (i32.mul (local.get $rows) (local.get $dbytes))))
    (local.set $cp (local.get $contexts))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $hp) (local.get $hend)))
      (local.set $cend (i32.add (local.get $cp) (i32.shl (local.get $width) (i32.const 2))))
      (block $ctx_done (loop $ctx_loop
        (br_if $ctx_done (i32.ge_u (local.get $cp) (local.get $cend)))
        (local.set $row (i32.add (local.get $de) (i32.mul (i32.load (local.get $cp)) (local.get $dbytes))))
        (local.set $d (i32.const 0))
        (block $d_done (loop $d_loop
          (br_if $d_done (i32.ge_u (local.get $d) (local.get $dbytes)))
          (v128.store (i32.add (local.get $row) (local.get $d))
            (f32x4.add (v128.load (i32.add (local.get $row) (local.get $d))) (v128.load (i32.add (local.get $hp) (local.get $d)))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br $d_loop)))
        (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
        (br $ctx_loop)))
      (local.set $hp (i32.add (local.get $hp) (local.get $dbytes)))
      (br $rows_loop))))

  ;; logits(h, wt, bias, z, rows, Vp, D), rows a multiple of 4:
  ;;   z[j, v] = b[v] + Σ_d h[j, d] · wt[d, v]
  ;; four rows × eight columns at a time: per d, two vectors of wt row d meet h[j, d] of four rows.
  (func (export "logits")
    (param $h i32) (param $wt i32) (param $bias i32) (param $z i32) (param $rows i32) (param $Vp i32) (param $D i32)
    (local $dbytes i32) (local $vbytes i32) (local $j i32) (local $v i32) (local $hj i32) (local $hend i32)
    (local $hp i32) (local $wp i32) (local $zp i32)
    (local $s v128) (local $w0 v128) (local $w1 v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $e0 v128) (local $e1 v128)
    (local.set $dbytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $vbytes (i32.shl (local.get $Vp) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $j) (local.get $rows)))
      (local.set $hj (i32.add (local.get $h) (i32.mul (local.get $j) (local.get $dbytes))))
      (local.set $hend (i32.add (local.get $hj) (local.get $dbytes)))
      (local.set $v (i32.const 0))
      (block $cols_done (loop $cols_loop
        (br_if $cols_done (i32.ge_u (local.get $v) (local.get $vbytes)))
        ;; every row starts at b[v .. v+8]
        (local.set $a0 (v128.load (i32.add (local.get $bias) (local.get $v))))
        (local.set $a1 (v128.load offset=16 (i32.add (local.get $bias) (local.get $v))))
        (local.set $b0 (local.get $a0)) (local.set $b1 (local.get $a1))
        (local.set $c0 (local.get $a0)) (local.set $c1 (local.get $a1))
        (local.set $e0 (local.get $a0)) (local.set $e1 (local.get $a1))
        (local.set $hp (local.get $hj))
        (local.set $wp (i32.add (local.get $wt) (local.get $v)))
        (block $d_done (loop $d_loop
          (br_if $d_done (i32.ge_u (local.get $hp) (local.get $hend)))
          (local.set $w0 (v128.load (local.get $wp)))
          (local.set $w1 (v128.load offset=16 (local.get $wp)))
          ;; row j: += h[j, d] · wt[d, v .. v+8]
          (local.set $s (v128.load32_splat (local.get $hp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $w0))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $w1))))
          ;; row j + 1
          (local.set $s (v128.load32_splat (i32.add (local.get $hp) (local.get $dbytes))))
          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s) (local.get $w0))))
          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s) (local.get $w1))))
          ;; row j + 2
          (local.set $s (v128.load32_splat (i32.add (local.get $hp) (i32.shl (local.get $dbytes) (i32.const 1)))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (local.get $w0))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (local.get $w1))))
          ;; row j + 3
          (local.set $s (v128.load32_splat (i32.add (local.get $hp) (i32.mul (local.get $dbytes) (i32.const 3)))))
          (local.set $e0 (f32x4.add (local.get $e0) (f32x4.mul (local.get $s) (local.get $w0))))
          (local.set $e1 (f32x4.add (local.get $e1) (f32x4.mul (local.get $s) (local.get $w1))))
          (local.set $hp (i32.add (local.get $hp) (i32.const 4)))
          (local.set $wp (i32.add (local.get $wp) (local.get $vbytes)))
          (br $d_loop)))
        (local.set $zp (i32.add (i32.add (local.get $z) (i32.mul (local.get $j) (local.get $vbytes))) (local.get $v)))
        (v128.store (local.get $zp) (local.get $a0))
        (v128.store offset=16 (local.get $zp) (local.get $a1))
        (local.set $zp (i32.add (local.get $zp) (local.get $vbytes)))
        (v128.store (local.get $zp) (local.get $b0))
        (v128.store offset=16 (local.get $zp) (local.get $b1))
        (local.set $zp (i32.add (local.get $zp) (local.get $vbytes)))
        (v128.store (local.get $zp) (local.get $c0))
        (v128.store offset=16 (local.get $zp) (local.get $c1))
        (local.set $zp (i32.add (local.get $zp) (local.get $vbytes)))
        (v128.store (local.get $zp) (local.get $e0))
        (v128.store offset=16 (local.get $zp) (local.get $e1))
        (local.set $v (i32.add (local.get $v) (i32.const 32)))
        (br $cols_loop)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $rows_loop))))

  ;; softmax(z, targets, stats, db, rows, Vp, scale, grad), row by row:
  ;;   m = max_v z_v;   e_v = exp(z_v − m);   stats = (m, Σ_v e_v, z_t)   (loss = m + log Σ − z_t)
  ;;   grad ≠ 0:  dz_v = scale · e_v / Σ − scale · [v = t]   (in place of z);   db_v += dz_v
  ;; exp is Cephes' expf, four lanes at once (relative error ≈ 1e-7 on [−87, 0]):
  ;;   n = round(x · log₂e),  r = x − n · ln 2  (ln 2 in two parts, so r keeps its digits),
  ;;   exp(r) ≈ 1 + r + r² · P(r)  (degree-5 P),   exp(x) = 2ⁿ · exp(r),
  ;; where 2ⁿ is built from its bits; x ≤ −87 (beyond the smallest normal f32) gives 0.
  (func (export "softmax")
    (param $z i32) (param $targets i32) (param $stats i32) (param $db i32) (param $rows i32) (param $Vp i32)
    (param $scale f32) (param $grad i32)
    (local $vbytes i32) (local $j i32) (local $zp i32) (local $zend i32) (local $p i32) (local $q i32)
    (local $t i32) (local $sp i32)
    (local $m v128) (local $x v128) (local $n v128) (local $fx v128) (local $r v128) (local $y v128)
    (local $sum v128) (local $g v128) (local $max f32) (local $total f32)
    (local.set $vbytes (i32.shl (local.get $Vp) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $j) (local.get $rows)))
      (local.set $zp (i32.add (local.get $z) (i32.mul (local.get $j) (local.get $vbytes))))
      (local.set $zend (i32.add (local.get $zp) (local.get $vbytes)))
      (local.set $sp (i32.add (local.get $stats) (i32.shl (local.get $j) (i32.const 4))))
      (local.set $t (i32.shl (i32.load (i32.add (local.get $targets) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))

      ;; m = max_v z[j, v]   (lane-wise maxima, then the largest lane)
      (local.set $m (v128.load (local.get $zp)))
      (local.set $p (i32.add (local.get $zp) (i32.const 16)))
      (block $max_done (loop $max_loop
        (br_if $max_done (i32.ge_u (local.get $p) (local.get $zend)))
        (local.set $m (f32x4.pmax (local.get $m) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $max_loop)))
      (local.set $max (f32.max
        (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
        (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
      (local.set $m (f32x4.splat (local.get $max)))
      ;; z_t, before z is overwritten
      (f32.store offset=8 (local.get $sp) (f32.load (i32.add (local.get $zp) (local.get $t))))

      ;; e_v = exp(z_v − m), in place, and Σ_v e_v
      (local.set $sum (v128.const f32x4 0 0 0 0))
      (local.set $p (local.get $zp))
      (block $exp_done (loop $exp_loop
        (br_if $exp_done (i32.ge_u (local.get $p) (local.get $zend)))
        ;; x = max(z − m, −87)
        (local.set $x (f32x4.pmax (f32x4.sub (v128.load (local.get $p)) (local.get $m)) (v128.const f32x4 -87 -87 -87 -87)))
        ;; n = x · log₂e + 1.5·2²³: adding 1.5·2²³ rounds to a whole number, which then sits in the
        ;; low bits of n's pattern; fx = that whole number as a float
        (local.set $n (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
          (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $fx (f32x4.sub (local.get $n) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        ;; r = x − fx · 0.693359375 − fx · (−2.12194440e−4)
        (local.set $r (f32x4.sub
          (f32x4.sub (local.get $x) (f32x4.mul (local.get $fx) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
          (f32x4.mul (local.get $fx) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
        ;; P(r) = ((((1.9875691500e−4 r + 1.3981999507e−3) r + 8.3334519073e−3) r + 4.1665795894e−2) r
        ;;        + 1.6666665459e−1) r + 5.0000001201e−1
        (local.set $y (f32x4.add (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
          (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
        (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
          (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
        (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
          (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
        (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
          (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
        (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r))
          (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
        ;; exp(r) = 1 + r + r² · P(r)
        (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
          (v128.const f32x4 1 1 1 1)))
        ;; 2^fx has the bit pattern (fx + 127) << 23; n's pattern is that of 1.5·2²³ (whose bits
        ;; vanish in the shift) plus fx
        (local.set $y (f32x4.mul (local.get $y) (i32x4.shl (i32x4.add (local.get $n) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
        ;; x at the clamp −87 gives 0
        (local.set $y (v128.and (local.get $y) (f32x4.gt (local.get $x) (v128.const f32x4 -87 -87 -87 -87))))
        (v128.store (local.get $p) (local.get $y))
        (local.set $sum (f32x4.add (local.get $sum) (local.get $y)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $exp_loop)))
      (local.set $total (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
        (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
      (f32.store (local.get $sp) (local.get $max))
      (f32.store offset=4 (local.get $sp) (local.get $total))

      (if (local.get $grad) (then
        ;; dz_v = e_v · (scale / Σ);  db_v += dz_v
        (local.set $g (f32x4.splat (f32.div (local.get $scale) (local.get $total))))
        (local.set $p (local.get $zp))
        (local.set $q (local.get $db))
        (block $norm_done (loop $norm_loop
          (br_if $norm_done (i32.ge_u (local.get $p) (local.get $zend)))
          (local.set $y (f32x4.mul (v128.load (local.get $p)) (local.get $g)))
          (v128.store (local.get $p) (local.get $y))
          (v128.store (local.get $q) (f32x4.add (v128.load (local.get $q)) (local.get $y)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $norm_loop)))
        ;; the one-hot part: dz_t −= scale;  db_t −= scale
        (local.set $p (i32.add (local.get $zp) (local.get $t)))
        (f32.store (local.get $p) (f32.sub (f32.load (local.get $p)) (local.get $scale)))
        (local.set $q (i32.add (local.get $db) (local.get $t)))
        (f32.store (local.get $q) (f32.sub (f32.load (local.get $q)) (local.get $scale)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $rows_loop))))

  ;; [Σ a, Σ b, Σ c, Σ e]: the lane sums of four vectors as one vector
  (func $lane_sums (param $a v128) (param $b v128) (param $c v128) (param $e v128) (result v128)
    (local $ab v128) (local $ce v128)
    ;; ab = [a0 + a2, b0 + b2, a1 + a3, b1 + b3], ce likewise
    (local.set $ab (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $ce (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $e))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $e))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ab) (local.get $ce))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ab) (local.get $ce))))

  ;; hiddenGrad(wt, dz, dh, rows, Vp, D), rows even:
  ;;   dh[j, d] = Σ_v dz[j, v] · wt[d, v]
  ;; two rows × four dims at a time: each vector of dz meets four rows of wt, each of wt two of dz.
  (func (export "hiddenGrad")
    (param $wt i32) (param $dz i32) (param $dh i32) (param $rows i32) (param $Vp i32) (param $D i32)
    (local $dbytes i32) (local $vbytes i32) (local $j i32) (local $d i32) (local $z0 i32) (local $z1 i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $v i32) (local $out i32)
    (local $g0 v128) (local $g1 v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $dbytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $vbytes (i32.shl (local.get $Vp) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $j) (local.get $rows)))
      (local.set $z0 (i32.add (local.get $dz) (i32.mul (local.get $j) (local.get $vbytes))))
      (local.set $z1 (i32.add (local.get $z0) (local.get $vbytes)))
      (local.set $d (i32.const 0))
      (block $dims_done (loop $dims_loop
        (br_if $dims_done (i32.ge_u (local.get $d) (local.get $D)))
        (local.set $w0 (i32.add (local.get $wt) (i32.mul (local.get $d) (local.get $vbytes))))
        (local.set $w1 (i32.add (local.get $w0) (local.get $vbytes)))
        (local.set $w2 (i32.add (local.get $w1) (local.get $vbytes)))
        (local.set $w3 (i32.add (local.get $w2) (local.get $vbytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0))
        (local.set $v (i32.const 0))
        (block $v_done (loop $v_loop
          (br_if $v_done (i32.ge_u (local.get $v) (local.get $vbytes)))
          (local.set $g0 (v128.load (i32.add (local.get $z0) (local.get $v))))
          (local.set $g1 (v128.load (i32.add (local.get $z1) (local.get $v))))
          ;; dims d .. d+3: a (row j) and b (row j + 1) += dz · wt[d + k, v .. v+4]
          (local.set $w (v128.load (i32.add (local.get $w0) (local.get $v))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $g0) (local.get $w))))
          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $g1) (local.get $w))))
          (local.set $w (v128.load (i32.add (local.get $w1) (local.get $v))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $g0) (local.get $w))))
          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $g1) (local.get $w))))
          (local.set $w (v128.load (i32.add (local.get $w2) (local.get $v))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $g0) (local.get $w))))
          (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $g1) (local.get $w))))
          (local.set $w (v128.load (i32.add (local.get $w3) (local.get $v))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $g0) (local.get $w))))
          (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $g1) (local.get $w))))
          (local.set $v (i32.add (local.get $v) (i32.const 16)))
          (br $v_loop)))
        (local.set $out (i32.add (i32.add (local.get $dh) (i32.mul (local.get $j) (local.get $dbytes))) (i32.shl (local.get $d) (i32.const 2))))
        (v128.store (local.get $out) (call $lane_sums (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)))
        (v128.store (i32.add (local.get $out) (local.get $dbytes)) (call $lane_sums (local.get $b0) (local.get $b1) (local.get $b2) (local.get $b3)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $dims_loop)))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $rows_loop))))

  ;; weightGrad(h, dz, dwt, rows, Vp, D):
  ;;   dwt[d, v] += Σ_j h[j, d] · dz[j, v]
  ;; four dims × eight columns at a time, summed over the rows in registers: per row, two vectors
  ;; of dz meet h[j, d .. d+3].
  (func (export "weightGrad")
    (param $h i32) (param $dz i32) (param $dwt i32) (param $rows i32) (param $Vp i32) (param $D i32)
    (local $dbytes i32) (local $vbytes i32) (local $d i32) (local $v i32) (local $hp i32) (local $hend i32)
    (local $zp i32) (local $out i32)
    (local $s v128) (local $g0 v128) (local $g1 v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $e0 v128) (local $e1 v128)
    (local.set $dbytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $vbytes (i32.shl (local.get $Vp) (i32.const 2)))
    (local.set $d (i32.const 0))
    (block $dims_done (loop $dims_loop
      (br_if $dims_done (i32.ge_u (local.get $d) (local.get $D)))
      (local.set $v (i32.const 0))
      (block $cols_done (loop $cols_loop
        (br_if $cols_done (i32.ge_u (local.get $v) (local.get $vbytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
        (local.set $e0 (v128.const i32x4 0 0 0 0)) (local.set $e1 (v128.const i32x4 0 0 0 0))
        (local.set $hp (i32.add (local.get $h) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $hend (i32.add (local.get $hp) (i32.mul (local.get $rows) (local.get $dbytes))))
        (local.set $zp (i32.add (local.get $dz) (local.get $v)))
        (block $j_done (loop $j_loop
          (br_if $j_done (i32.ge_u (local.get $hp) (local.get $hend)))
          (local.set $g0 (v128.load (local.get $zp)))
          (local.set $g1 (v128.load offset=16 (local.get $zp)))
          ;; dim d + k: += h[j, d + k] · dz[j, v .. v+8]
          (local.set $s (v128.load32_splat (local.get $hp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $g0))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $g1))))
          (local.set $s (v128.load32_splat offset=4 (local.get $hp)))
          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s) (local.get $g0))))
          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s) (local.get $g1))))
          (local.set $s (v128.load32_splat offset=8 (local.get $hp)))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (local.get $g0))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (local.get $g1))))
          (local.set $s (v128.load32_splat offset=12 (local.get $hp)))
          (local.set $e0 (f32x4.add (local.get $e0) (f32x4.mul (local.get $s) (local.get $g0))))
          (local.set $e1 (f32x4.add (local.get $e1) (f32x4.mul (local.get $s) (local.get $g1))))
          (local.set $hp (i32.add (local.get $hp) (local.get $dbytes)))
          (local.set $zp (i32.add (local.get $zp) (local.get $vbytes)))
          (br $j_loop)))
        ;; dwt[d + k, v .. v+8] += the sums
        (local.set $out (i32.add (i32.add (local.get $dwt) (i32.mul (local.get $d) (local.get $vbytes))) (local.get $v)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $a0)))
        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $a1)))
        (local.set $out (i32.add (local.get $out) (local.get $vbytes)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $b0)))
        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $b1)))
        (local.set $out (i32.add (local.get $out) (local.get $vbytes)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $c0)))
        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $c1)))
        (local.set $out (i32.add (local.get $out) (local.get $vbytes)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $e0)))
        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $e1)))
        (local.set $v (i32.add (local.get $v) (i32.const 32)))
        (br $cols_loop)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (br $dims_loop)))))
