/**
 * Pure math: linear models and their optimizers and prox operators, the MLP and its layers, AdamW,
 * scaling, seeded random numbers and versioned model snapshots. JDK and EJML only.
 */
package io.streamlearn.learn;
