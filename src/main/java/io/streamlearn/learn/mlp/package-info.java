/**
 * The MLP's parts: layers, batch losses, dropout, normalization, AdamW and gradient clipping,
 * following PyTorch's definitions. JDK and EJML only.
 */
package io.streamlearn.learn.mlp;
