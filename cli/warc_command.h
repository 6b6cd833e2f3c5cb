/* The pith warc subcommand (cli/warc_command.c). */
#ifndef PITH_CLI_WARC_COMMAND_H
#define PITH_CLI_WARC_COMMAND_H

/* Runs "pith warc ARGS...": argv[0] is "warc". Returns the exit status. */
int warc_command(int argc, char **argv);

#endif
