#include <stdio.h>
#include <string.h>
#include "inbox.h"
int main(int argc,char**argv){struct sc_inbox_src s;memset(&s,0,sizeof s);s.dir=argv[1];
struct sc_inbox*a=sc_inbox_new(&s,1763640000),*b=sc_inbox_new(&s,1763640000);struct sc_error e;sc_error_clear(&e);
sc_inbox_load(a,&e);sc_inbox_load(b,&e);
struct sc_conv*c=sc_inbox_find(a,"facebook:3");printf("claim %d\n",sc_inbox_claim(a,c,"ola",300,&e));
printf("ref %ld off %ld\n",sc_inbox_refresh_log(b,&e),(long)b->log_off);
printf("res %d %s\n",sc_inbox_status(a,c,"ola","resolved",NULL,NULL,&e),e.text);
printf("ref %ld off %ld\n",sc_inbox_refresh_log(b,&e),(long)b->log_off);
c=sc_inbox_find(b,"facebook:3");printf("open %d rseq %ld oseq %ld tseq %ld aw %d\n",c->open,c->rseq,c->oseq,c->tseq,c->awaiting);
c=sc_inbox_find(a,"facebook:3");printf("A open %d rseq %ld oseq %ld tseq %ld aw %d\n",c->open,c->rseq,c->oseq,c->tseq,c->awaiting);
}
