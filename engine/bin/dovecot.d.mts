/** Where Debian's dovecot-imapd puts the server. */
export declare const DOVECOT: string;
/** Installs Debian's dovecot-imapd with apt-get when it is missing. */
export declare function ensureDovecot(): void;
