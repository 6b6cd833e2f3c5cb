/* pith links: the page URLs of sitemaps and feeds, one a line. */
#ifndef PITH_CLI_LINKS_COMMAND_H
#define PITH_CLI_LINKS_COMMAND_H

/* argv[0] is "links". Returns the exit status. */
int links_command(int argc, char **argv);

#endif
