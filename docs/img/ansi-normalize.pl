#!/usr/bin/env perl
# Rewrites the colours of `tmux capture-pane -e` for freeze v0.2.2, which
# reads only a few SGR codes: it knows no "default colour" (39, 49), no
# reverse video (7), and starts every line with no colour at all. So every
# change of colour is written out in full (reset, then foreground, then
# background), and each line begins with the colours the last one ended in.
use strict;
use warnings;

my ($fg, $bg, $rev) = ('', '', 0);    # '' is the terminal's default

sub colour {    # the parameters of one colour, as 256-colour or RGB
	my ($base, $p) = @_;              # $base 38 or 48; $p the list, consumed
	my $kind = shift @$p // '';
	return "$base;5;" . (shift @$p // 0) if $kind eq '5';
	return "$base;2;" . join(';', map { shift @$p // 0 } 1 .. 3) if $kind eq '2';
	return '';
}

sub apply {
	my @p = map { $_ eq '' ? 0 : $_ } split /;/, shift, -1;
	@p = (0) unless @p;
	while (@p) {
		my $c = shift @p;
		if    ($c == 0)                          { ($fg, $bg, $rev) = ('', '', 0) }
		elsif ($c == 7)                          { $rev = 1 }
		elsif ($c == 27)                         { $rev = 0 }
		elsif ($c >= 30 && $c <= 37)             { $fg = '38;5;' . ($c - 30) }
		elsif ($c >= 90 && $c <= 97)             { $fg = '38;5;' . ($c - 82) }
		elsif ($c >= 40 && $c <= 47)             { $bg = '48;5;' . ($c - 40) }
		elsif ($c >= 100 && $c <= 107)           { $bg = '48;5;' . ($c - 92) }
		elsif ($c == 38)                         { $fg = colour(38, \@p) }
		elsif ($c == 48)                         { $bg = colour(48, \@p) }
		elsif ($c == 39)                         { $fg = '' }
		elsif ($c == 49)                         { $bg = '' }
	}
}

# The sequences for the colours now in force.
sub state {
	my ($f, $b) = ($fg, $bg);
	if ($rev) {    # swap; a default swapped in becomes the picture's own colours
		($f, $b) = ($b, $f);
		$f =~ s/^48/38/;
		$b =~ s/^38/48/;
		$f = $ENV{ANSI_REVERSE_FG} // '38;2;23;23;23' if $f eq '';
		$b = $ENV{ANSI_REVERSE_BG} // '48;2;196;196;196' if $b eq '';
	}
	my $s = "\e[0m";
	$s .= "\e[${f}m" if $f ne '';
	$s .= "\e[${b}m" if $b ne '';
	return $s;
}

while (my $line = <STDIN>) {
	chomp $line;
	my $out = state();
	$line =~ s/\e\[[0-9;:?]*[A-Za-ln-z]//g;    # not colour: dropped
	$line =~ s/\e\[([0-9;:]*)m/apply($1 =~ tr{:}{;}r); state()/ge;
	print $out, $line, "\n";
}
