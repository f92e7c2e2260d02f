/**
 * The command line: {@code Main} and one picocli command per mode (demo, run, produce, replay,
 * bench), the shared source options and the terminal tables; {@code cli.bench} holds the harness
 * that {@code bench} runs. May import every package below it (docs/DESIGN.md, "Layers").
 */
package io.streamlearn.cli;
